"""gunicorn reads this from the working directory: its own log lines as JSON on stdout too.

gunicorn's access log stays off (the default): the app logs one line per request itself.
"""

logconfig_dict = {
    "root": {"level": "INFO", "handlers": ["stdout"]},
    "loggers": {
        "gunicorn.error": {"level": "INFO", "handlers": ["stdout"], "propagate": False},
        "gunicorn.access": {"level": "INFO", "handlers": [], "propagate": False},
    },
    "handlers": {
        "stdout": {
            "class": "logging.StreamHandler",
            "formatter": "json",
            "stream": "ext://sys.stdout",
        }
    },
    "formatters": {"json": {"()": "iomkb.logging.JSONFormatter"}},
}
