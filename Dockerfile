# gutcount's container image: a static binary (no cgo) on a distroless base
# that has CA certificates and a non-root user, and nothing else.
#
#   docker build --build-arg VERSION=0.2.0 -t ghcr.io/gutcount/gutcount:0.2.0 .
#   mkdir -p data
#   docker run --rm --user "$(id -u):$(id -g)" -v "$PWD/data:/data" \
#       ghcr.io/gutcount/gutcount:0.2.0 --cache-dir /data/corpus count whale 2701
#
# gutcount runs as uid 65532 unless told otherwise: a folder mounted at
# /data must be writable by the user it runs as. --user "$(id -u):$(id -g)"
# runs it as you, for a folder of yours (one that Docker creates for a
# missing -v source belongs to root, and gutcount then stops with
# "cannot write ... /data/corpus: permission denied").
#
# The images are named in full (docker.io/library/..., gcr.io/...), so that
# podman and buildah, which refuse short names by default, build it too:
#
#   buildah bud --isolation chroot --storage-driver vfs -t gutcount .
#
# The examples in examples/ run this image with its tag pinned, so that every
# shard of a batch and its merge run the same gutcount.

FROM docker.io/library/golang:1.26.8-bookworm AS build
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
