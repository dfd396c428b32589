"""Gunicorn's settings for the web service, read by default from the working folder.

Every way of starting it (`make serve`, a systemd unit, the tests, the
benchmarks, `gunicorn 'skill.webservice:create_app()'` typed by hand) gets the
same workers, threads, timeouts and limits. Command-line options still win,
and gunicorn's own environment variables (WEB_CONCURRENCY, GUNICORN_CMD_ARGS)
work as usual. Put a buffering proxy in front on the internet: deploy/nginx.conf.
"""

import os

bind = os.environ.get("CLOSER_BIND", "127.0.0.1:8080")
workers = int(os.environ.get("WEB_CONCURRENCY", "2"))
# Threads, so a request waiting on a slow certificate download holds one
# thread, not a whole worker; the verifier bounds how many downloads run at once.
worker_class = "gthread"
threads = int(os.environ.get("CLOSER_THREADS", "8"))
timeout = 30  # a worker silent this long is restarted
graceful_timeout = 10
keepalive = 5
# Alexa's requests are one line and a dozen headers; anything much bigger is not Alexa.
limit_request_line = 4096
limit_request_fields = 50
limit_request_field_size = 8190
