# gutcount's container image: a static binary (no cgo) on a distroless base
# that has CA certificates and a non-root user, and nothing else.
#
#   docker build --build-arg VERSION=0.2.0 -t ghcr.io/gutcount/gutcount:0.2.0 .
#   docker run --rm -v "$PWD/data:/data" ghcr.io/gutcount/gutcount:0.2.0 \
#       --cache-dir /data/corpus count whale 2701
#
# The examples in examples/ run this image with its tag pinned, so that every
# shard of a batch and its merge run the same gutcount.

FROM golang:1.26-bookworm AS build
WORKDIR /src
COPY go.mod go.sum ./
RUN go mod download
COPY . .
ARG VERSION=0.2.0
RUN CGO_ENABLED=0 go build -trimpath -ldflags "-s -w -X main.version=${VERSION}" -o /out/gutcount ./cmd/gutcount \
 && /out/gutcount --version

FROM gcr.io/distroless/static-debian12:nonroot
COPY --from=build /out/gutcount /usr/local/bin/gutcount
# uid 65532; its home is /home/nonroot (the default corpus: ~/.cache/gutcount)
USER nonroot:nonroot
ENTRYPOINT ["gutcount"]
