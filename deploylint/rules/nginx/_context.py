"""What an nginx fragment does not show: the levels of the file that includes it."""

from __future__ import annotations

from deploylint.context import Context
from deploylint.models.nginx import Directive, NginxConfig


def inherits_unseen(conf: NginxConfig, ctx: Context, d: Directive, *names: str) -> bool:
    """What ``names`` hold at ``d`` may come from an including file the scan does not show
    (:meth:`NginxConfig.inherits_unseen`), unless the project places this file in ``conf.d`` of
    a stock nginx image: that image's ``nginx.conf`` is known, and sets none of them."""
    if not conf.inherits_unseen(d, *names):
        return False
    project = ctx.project
    return project is None or not project.nginx_in_stock_image(conf.source.path)
