"""Load generator and scenarios for Verksted (docs/performance.md): ``python -m bench --help``."""
