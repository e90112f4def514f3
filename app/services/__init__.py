"""Use cases: load -> apply a domain rule -> save -> publish. No request objects."""
