"""Production gunicorn settings; `policyapi serve` and the Dockerfile use this file.

Bind, workers and threads come from the command line.
"""

worker_class = "gthread"
# A request that takes longer than this is killed and its worker restarted.
timeout = 30
graceful_timeout = 20
keepalive = 5
# Slow or huge requests cannot hold a worker: the request line and headers are capped.
limit_request_line = 8190
limit_request_fields = 100
limit_request_field_size = 8190
# No "Server: gunicorn/x.y" banner.
proc_name = "policyapi"
accesslog = "-"
errorlog = "-"
