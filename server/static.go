package server

import (
	"io/fs"
	"net/http"
)

// httpFS serves an fs.FS (embedded or on disk) through Fiber's filesystem middleware.
func httpFS(f fs.FS) http.FileSystem { return http.FS(f) }
