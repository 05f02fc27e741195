"""What an operator watches: Prometheus metrics (``metrics.py``), and whether a process
and the components it needs are up (``readiness.py``); served by ``domain/infra/ops_http``."""
