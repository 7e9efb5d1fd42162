"""The serving front: nginx buffering requests and responses for gunicorn, run side by side.

`policyapi serve` renders `nginx.conf` and the problem+json bodies of nginx's own errors into a
private run directory (`render.py`), then runs gunicorn on a Unix socket there and nginx on
HOST:PORT in front of it, stopping both together (`supervise.py`).
"""
