"""What an operator watches: Prometheus metrics (``metrics.py``), counted where things
happen, a kernel every layer may use; whether a process and its components are ready is
composition (``domain/infra/readiness.py``), served by ``domain/infra/ops_http``."""
