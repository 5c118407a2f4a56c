package serve

import "net/http"

func (s *Server) pageRoutes(m *http.ServeMux) {}

func (s *Server) errorPage(w http.ResponseWriter, code int, msg string) {
	http.Error(w, msg, code)
}
