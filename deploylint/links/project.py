"""The linked project: :class:`LinkedProject` answers the :class:`~deploylint.models.project.Project`
interface rules see, from the mixins of this package (builds, nginx, workflows, .env files) and
the ECS and PM2 links. The engine makes one per scan with :func:`build_project`.

Links are computed lazily (each on first use, then cached), so a scan whose rules never ask for
them pays nothing.
"""

from __future__ import annotations

from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING

from deploylint.links.builds import BuildLinks
from deploylint.links.envfiles import EnvFileLinks
from deploylint.links.nginx import NginxLinks
from deploylint.links.workflow import WorkflowLinks

if TYPE_CHECKING:
    from deploylint.engine import Artifact
    from deploylint.models.ecs import Container, EcsFile
    from deploylint.models.project import EcsLinks, ImageSource, Pm2Listen, Pm2Run
    from deploylint.parsers import ParseEnv


class LinkedProject(BuildLinks, NginxLinks, WorkflowLinks, EnvFileLinks):
    """Every parsed artifact of the scan plus the typed links between them."""

    # -- ECS -------------------------------------------------------------------------------------
    @cached_property
    def ecs(self) -> EcsLinks:
        """Workflow steps that read ECS definitions, and the containers whose image they render."""
        from deploylint.links.ecs import link_ecs

        return link_ecs(self)

    def image_source(self, ecs: EcsFile, container: Container) -> ImageSource | None:
        """The Dockerfile that builds ``container``'s image, when the project shows it."""
        from deploylint.links.ecs import image_source

        return image_source(self, ecs, container)

    # -- PM2 -------------------------------------------------------------------------------------
    @cached_property
    def pm2_runs(self) -> list[Pm2Run]:
        """Dockerfiles whose CMD/ENTRYPOINT starts a PM2 ecosystem file, linked to that file in
        the build context (or why not)."""
        from deploylint.links.pm2 import link_pm2_runs

        return link_pm2_runs(self)

    @property
    def pm2_listens(self) -> list[Pm2Listen]:
        """Every literal ``PORT`` an app of a scanned ecosystem file sets."""
        from deploylint.links.pm2 import pm2_listens

        return pm2_listens(self)


def build_project(artifacts: list[Artifact], root: Path, env: ParseEnv) -> LinkedProject:
    return LinkedProject(artifacts, root, env)


__all__ = ["LinkedProject", "build_project"]
