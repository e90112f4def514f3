"""Pure domain rules of Verksted: no Flask, no SQL, no sockets.

Everything here is plain Python with type hints, so it can be tested
without an application, a database or a server.
"""
