"""The package-install model, one table per manager.

Each row is a command line as the manager's own documentation writes it, what the model makes of
it (the action of the verb, the package words) and which packages it finds without a version, so
a reader can check a row against that manager's manual (``man dnf``, ``pip help install``...).
"""

from __future__ import annotations

from pathlib import Path

import pytest

from deploylint.models.installs import package_installs
from deploylint.models.installs_cache import CACHE_DIRS, covers
from deploylint.shell import parse_shell
from deploylint.source import SourceFile

# (command line, action, package words, unpinned words); action None: not an install
Row = tuple[str, str | None, tuple[str, ...], tuple[str, ...]]

APT: list[Row] = [
    ("apt-get install -y curl=7.88.1-10 git", "install", ("curl=7.88.1-10", "git"), ("git",)),
    ("apt-get -o Dpkg::Options::=--force-confnew install -y vim", "install", ("vim",), ("vim",)),
    ("apt-get install -y -t bookworm-backports curl", "install", ("curl",), ()),
    ("apt install ./local.deb", "install", ("./local.deb",), ()),
    ("apt-get reinstall -y curl", "reinstall", ("curl",), ()),
    ("apt-get update", None, (), ()),
]
APK: list[Row] = [
    ("apk add --no-cache bash=5.2.26-r0 jq", "install", ("bash=5.2.26-r0", "jq"), ("jq",)),
    ("apk add --virtual .build-deps gcc~13", "install", ("gcc~13",), ()),
    ("apk del curl", None, (), ()),
]
DNF: list[Row] = [
    ("dnf install -y httpd-2.4.57 nginx", "install", ("httpd-2.4.57", "nginx"), ("nginx",)),
    ("dnf in -y httpd", "install", ("httpd",), ("httpd",)),
    ("dnf reinstall -y httpd", "reinstall", ("httpd",), ()),
    ("dnf rei -y httpd", "reinstall", ("httpd",), ()),
    ("dnf upgrade -y", "upgrade", (), ()),
    ("dnf up -y", "upgrade", (), ()),
    ("dnf upgrade-minimal -y", "upgrade", (), ()),
    ("dnf up-min -y", "upgrade", (), ()),
    ("dnf module install -y nodejs", "module", ("nodejs",), ("nodejs",)),
    ("dnf module install -y nodejs:20", "module", ("nodejs:20",), ()),
    ("dnf --setopt=install_weak_deps=False install -y @core", "install", ("@core",), ()),
    ("dnf5 install -y tar", "install", ("tar",), ("tar",)),
    ("dnf clean all", None, (), ()),
]
YUM: list[Row] = [
    ("yum install -y httpd-2.4.6", "install", ("httpd-2.4.6",), ()),
    ("yum module install -y tomcat", "module", ("tomcat",), ("tomcat",)),
    ("yum --enablerepo epel install -y jq", "install", ("jq",), ("jq",)),
    ("yum localinstall -y ./x.rpm", "install", ("./x.rpm",), ()),
    ("yum groupinstall -y 'Development Tools'", "group", ("Development Tools",), ()),
]
MICRODNF: list[Row] = [
    ("microdnf install -y tar", "install", ("tar",), ("tar",)),
    ("microdnf module install nodejs:20", "module", ("nodejs:20",), ()),
]
ZYPPER: list[Row] = [
    ("zypper -n install curl=8.0 wget", "install", ("curl=8.0", "wget"), ("wget",)),
    ("zypper in -y 'curl>=8'", "install", ("curl>=8",), ()),
    ("zypper --root /mnt install vim", "install", ("vim",), ("vim",)),
]
PIP: list[Row] = [
    ("pip install flask requests==2.32.3", "install", ("flask", "requests==2.32.3"), ("flask",)),
    ("pip3 install -r requirements.txt", "install", (), ()),
    ("pip install -c constraints.txt flask", "install", ("flask",), ()),
    ("pip install --constraint=c.txt flask", "install", ("flask",), ()),
    (
        "pip install git+https://h/o/r.git#egg=r",
        "install",
        ("git+https://h/o/r.git#egg=r",),
        ("git+https://h/o/r.git#egg=r",),
    ),
    ("pip install git+ssh://git@h/o/r.git@v1#egg=r", "install", ("git+ssh://git@h/o/r.git@v1#egg=r",), ()),
    ("pip install ./dist/x.whl https://e.com/p.tar.gz", "install", ("./dist/x.whl", "https://e.com/p.tar.gz"), ()),
    ("python -m pip install gunicorn", "install", ("gunicorn",), ("gunicorn",)),
    # the model says unpinned; DKR060 leaves pip's own tooling upgrade alone (its policy)
    ("pip install -U pip setuptools", "install", ("pip", "setuptools"), ("pip", "setuptools")),
    ("python3 -I -m pip install flask", "install", ("flask",), ("flask",)),
    ("$VENV/bin/pip install flask", "install", ("flask",), ("flask",)),
    ("$PIP install flask", None, (), ()),
]
PIPX: list[Row] = [
    ("pipx install black", "install", ("black",), ("black",)),
    ("pipx install --python python3.12 poetry==1.8.5", "install", ("poetry==1.8.5",), ()),
]
NPM: list[Row] = [
    (
        "npm install -g typescript @angular/cli@17.3.0",
        "install",
        ("typescript", "@angular/cli@17.3.0"),
        ("typescript",),
    ),
    ("npm i --registry https://r.example express", "install", ("express",), ("express",)),
    ("npm install git+ssh://git@h:o/r.git", "install", ("git+ssh://git@h:o/r.git",), ("git+ssh://git@h:o/r.git",)),
    ("npm install git://h/o/r.git#v1.0.27", "install", ("git://h/o/r.git#v1.0.27",), ()),
    ("npm install pkg-1.2.3.tar ./folder", "install", ("pkg-1.2.3.tar", "./folder"), ()),
    ("npm run --crazy install", None, (), ()),
    ("npm add lodash", "add", ("lodash",), ("lodash",)),
    ("npm ci --omit=dev", "locked", (), ()),
    ("npm cit", "locked", (), ()),
]
YARN: list[Row] = [
    ("yarn", "install", (), ()),
    ("yarn install --frozen-lockfile", "install", (), ()),
    ("yarn add react@18.3.1 lodash", "add", ("react@18.3.1", "lodash"), ("lodash",)),
    ("yarn global add pm2", "add", ("pm2",), ("pm2",)),
    ("yarn --version", None, (), ()),
    ("yarn build", None, (), ()),
]
PNPM: list[Row] = [
    ("pnpm add -g typescript@5.6.3 @nestjs/cli", "add", ("typescript@5.6.3", "@nestjs/cli"), ("@nestjs/cli",)),
    ("pnpm add --filter web -D eslint", "add", ("eslint",), ("eslint",)),
    ("pnpm install --frozen-lockfile", "install", (), ()),
    ("pnpm run build", None, (), ()),
]
UV: list[Row] = [
    ("uv pip install --system ruff==0.6.9 black", "install", ("ruff==0.6.9", "black"), ("black",)),
    ("uv pip install -r requirements.txt -c c.txt flask", "install", ("flask",), ()),
    ("uv pip install --python 3.12 git+https://h/o/r.git@v1#egg=r", "install", ("git+https://h/o/r.git@v1#egg=r",), ()),
    ("uv pip sync requirements.txt", "locked", (), ()),
    ("uv --quiet pip install flask", "install", ("flask",), ("flask",)),
    ("uv sync --frozen", None, (), ()),
]
COMPOSER: list[Row] = [
    ("composer install --no-dev", "install", (), ()),
    ("composer update", "upgrade", (), ()),
    ("composer require monolog/monolog:^3.0 foo/bar", "add", ("monolog/monolog:^3.0", "foo/bar"), ("foo/bar",)),
]
GEM: list[Row] = [
    ("gem install bundler rake:13.2.1", "install", ("bundler", "rake:13.2.1"), ("bundler",)),
    ("gem i bundler -v 2.5.0", "install", ("bundler",), ()),
]
GO: list[Row] = [
    (
        "go install golang.org/x/tools/cmd/goimports@latest",
        "install",
        ("golang.org/x/tools/cmd/goimports@latest",),
        ("golang.org/x/tools/cmd/goimports@latest",),
    ),
    ("go install ./...", "install", ("./...",), ()),
    ("go get example.com/pkg@v1.2.3", "add", ("example.com/pkg@v1.2.3",), ()),
    ("go get -tool stringer", "add", ("stringer",), ("stringer",)),
    ("go run example.com/gen@v1.2.3 -out x foobar", "run", ("example.com/gen@v1.2.3",), ()),
    ("go run main.go", "run", ("main.go",), ()),
    ("go build ./...", None, (), ()),
]
TABLES = {
    "apt": APT,
    "apk": APK,
    "dnf": DNF,
    "yum": YUM,
    "microdnf": MICRODNF,
    "zypper": ZYPPER,
    "pip": PIP,
    "pipx": PIPX,
    "npm": NPM,
    "yarn": YARN,
    "pnpm": PNPM,
    "uv": UV,
    "gem": GEM,
    "go": GO,
    "composer": COMPOSER,
}
CASES = [pytest.param(row, id=f"{name}: {row[0]}") for name, rows in TABLES.items() for row in rows]


@pytest.mark.parametrize("row", CASES)
def test_install_row(row: Row) -> None:
    line, action, packages, unpinned = row
    script = parse_shell(line, src=SourceFile(Path("t.sh"), line))
    found = package_installs(script)
    if action is None:
        assert found == ()
        return
    assert len(found) == 1
    inst = found[0]
    assert (inst.action, tuple(s.word.value for s in inst.packages)) == (action, packages)
    assert tuple(s.word.value for s in inst.unpinned()) == unpinned


@pytest.mark.parametrize(
    ("target", "directory", "want"),
    [
        ("/var/cache/apk", "/var/cache/apk", True),
        ("/var/cache/apk/", "/var/cache/apk", True),
        ("/var/cache", "/var/cache/libdnf5", True),
        ("/var/cache/foo", "/var/cache/apk", False),
        ("/var/cache/ap", "/var/cache/apk", False),
        ("/root/.cache/pip/wheels", "/root/.cache/pip", False),
    ],
)
def test_a_mount_covers_the_folder_or_one_below_it(target: str, directory: str, want: bool) -> None:
    assert covers(target, directory) is want


def test_every_rpm_front_end_knows_the_dnf5_cache() -> None:
    assert all("/var/cache/libdnf5" in CACHE_DIRS[m] for m in ("dnf", "yum", "microdnf"))
