from collections.abc import Iterator

from deploylint.context import Context
from deploylint.findings import Finding, Severity
from deploylint.models.nginx import NginxConfig
from deploylint.registry import Kind, rule


@rule(
    id="NGX035",
    name="try-files-without-open-file-cache",
    title="`try_files` without `open_file_cache`",
    kind=Kind.NGINX,
    severity=Severity.INFO,
    tags=("performance",),
    aliases=("try_files_is_evil_too",),
)
def try_files_without_cache(conf: NginxConfig, ctx: Context) -> Iterator[Finding]:
    """## Why
    Every `try_files` candidate is a `stat()` on disk for every request. On busy sites this adds
    up; `open_file_cache` keeps the results (and file descriptors) in memory. This is performance
    advice, so it is reported as info.

    ## Example
        location / {
            try_files $uri $uri/ /index.html;
        }

    ## Use instead
        open_file_cache max=1000 inactive=20s;
        location / {
            try_files $uri $uri/ /index.html;
        }
    """
    for d in conf.all("try_files"):
        cache = d.effective("open_file_cache")
        if (cache is None or cache.arg(0) == "off") and not d.opaque:
            yield ctx.finding(d, "try_files stats the disk on every request; enable open_file_cache")
