"""Socket.IO glue: connection handling, request handlers and the one publisher."""
