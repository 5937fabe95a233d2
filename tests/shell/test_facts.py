from __future__ import annotations

import pytest

from deploylint.models.installs import (
    Manager,
    PackageInstall,
    installs_of,
    is_pinned,
    manager_of,
    package_installs,
)
from deploylint.shell import parse_shell
from tests.shell.helpers import lc


def only(text: str) -> PackageInstall:
    found = package_installs(parse_shell(text))
    assert len(found) == 1, found
    return found[0]


def specs(text: str) -> list[tuple[str, str, str, str, bool | None, bool]]:
    return [(p.word.value, p.name, p.version, p.kind, p.pinned, p.exact) for p in only(text).packages]


def unpinned(text: str) -> list[str]:
    return [p.word.value for p in only(text).unpinned()]


# ----- detection -----


@pytest.mark.parametrize(
    ("text", "manager", "action"),
    [
        ("apt-get install -y x", Manager.APT_GET, "install"),
        ("/usr/bin/apt-get -q -o Dpkg::Use-Pty=0 install x", Manager.APT_GET, "install"),
        ("sudo -E apt install x", Manager.APT, "install"),
        ("apk add --no-cache x", Manager.APK, "add"),
        ("yum -y install x", Manager.YUM, "install"),
        ("dnf install -y x", Manager.DNF, "install"),
        ("microdnf install x", Manager.MICRODNF, "install"),
        ("zypper --non-interactive in x", Manager.ZYPPER, "in"),
        ("pip3 install x", Manager.PIP, "install"),
        ("pip3.11 install x", Manager.PIP, "install"),
        ("python3 -m pip install x", Manager.PIP, "install"),
        ("python -I -m pip install x", Manager.PIP, "install"),
        ("uv pip install x", Manager.UV_PIP, "install"),
        ("npm i x", Manager.NPM, "i"),
        ("npm --prefix /app ci", Manager.NPM, "ci"),
        ("yarn add x", Manager.YARN, "add"),
        ("pnpm install", Manager.PNPM, "install"),
        ("gem install x", Manager.GEM, "install"),
        ("go install x@v1.0.0", Manager.GO, "install"),
        ("pipx install x", Manager.PIPX, "install"),
        ("aptitude install x", Manager.APT_GET, "install"),
        ("bundle install", Manager.BUNDLE, "install"),
        ("composer require a/b:1.0", Manager.COMPOSER, "require"),
        ("cargo install x", Manager.CARGO, "install"),
    ],
)
def test_detection(text: str, manager: Manager, action: str) -> None:
    p = only(text)
    assert p.manager is manager
    assert p.verb is not None and p.verb.value == action


@pytest.mark.parametrize(
    "text",
    [
        "apt-get update",
        "apt-get -y upgrade",
        "apk update",
        "pip --version",
        "pip download x",
        "python3 -c 'import pip' install",
        "python3 script.py -m pip install",
        "npm run build",
        "npm test",
        "go build ./...",
        "cargo build --release",
        "uv sync",
        "echo apt-get install x",
        "$PM install x",
    ],
)
def test_not_installs(text: str) -> None:
    assert package_installs(parse_shell(text)) == ()


def test_bare_yarn_and_bundle_install() -> None:
    assert only("yarn").from_manifest
    assert only("bundle --jobs 4").from_manifest


def test_manager_of_any_subcommand() -> None:
    s = parse_shell("sudo apt-get update && pip --version && ls")
    assert [manager_of(c) for c in s.commands] == [Manager.APT_GET, Manager.PIP, None]


def test_installs_in_subshells_and_sh_c_are_found() -> None:
    s = parse_shell("(cd /x && npm install) ; sh -c 'apk add curl' ; echo $(pip install y)")
    assert [(p.manager, p.command.nested_in) for p in package_installs(s)] == [
        (Manager.NPM, "subshell"),
        (Manager.APK, "sh -c"),
        (Manager.PIP, "cmdsubst"),
    ]
    assert [p.manager for p in installs_of(s, Manager.APK)] == [Manager.APK]


# ----- apt -----


def test_apt_pins_files_release_and_variables() -> None:
    text = "apt-get install -y -t bookworm-backports curl=7.1 wget=1.* ./x.deb /tmp/y.deb $PKGS lib${X}-dev pkg=${V} postgresql-$PG=$PGV git/bookworm"
    p = only(text)
    assert p.release == "bookworm-backports"
    assert [(v, n, ver, k, pin, ex) for v, n, ver, k, pin, ex in specs(text)] == [
        ("curl=7.1", "curl", "7.1", "registry", True, True),
        ("wget=1.*", "wget", "1.*", "registry", True, False),
        ("./x.deb", "./x.deb", "", "file", True, False),
        ("/tmp/y.deb", "/tmp/y.deb", "", "file", True, False),
        ("$PKGS", "", "", "dynamic", None, False),
        ("lib${X}-dev", "lib${X}-dev", "", "dynamic", None, False),
        ("pkg=${V}", "pkg", "${V}", "registry", True, False),
        ("postgresql-$PG=$PGV", "postgresql-$PG", "$PGV", "registry", True, False),
        ("git/bookworm", "git", "bookworm", "registry", True, False),
    ]
    assert list(p.unpinned()) == []


def test_apt_option_values_are_not_packages() -> None:
    assert unpinned("apt-get -o APT::Install-Recommends=false install -y --no-install-recommends curl") == ["curl"]
    assert only("apt-get install -o APT::Default-Release=stable x").release == "stable"


def test_unpinned_package_span() -> None:
    (p,) = only("apt-get install -y \\\n    curl").unpinned()
    assert lc(p.span) == (2, 5, 2, 9)


# ----- apk -----


def test_apk() -> None:
    text = "apk add --no-cache --virtual .build-deps -X http://dl/edge gcc=12.1-r0 musl~1.2 'a>1' bash@edge ./l.apk"
    assert specs(text) == [
        ("gcc=12.1-r0", "gcc", "12.1-r0", "registry", True, True),
        ("musl~1.2", "musl", "1.2", "registry", True, False),
        ("a>1", "a", "1", "registry", True, False),
        ("bash@edge", "bash", "", "registry", False, False),
        ("./l.apk", "./l.apk", "", "file", True, False),
    ]
    assert only(text).has_option("--no-cache")


# ----- rpm family -----


def test_yum_dnf_versions() -> None:
    text = (
        "yum install -y httpd-2.4.6 httpd-2.4.6-97.el7 python3-devel java-11-openjdk nodejs-18.1 x.rpm @dev 'y >= 1.2'"
    )
    assert [(v, n, ver, pin) for v, n, ver, _, pin, _ in specs(text)] == [
        ("httpd-2.4.6", "httpd", "2.4.6", True),
        ("httpd-2.4.6-97.el7", "httpd", "2.4.6-97.el7", True),
        ("python3-devel", "python3-devel", "", False),
        ("java-11-openjdk", "java-11-openjdk", "", False),
        ("nodejs-18.1", "nodejs", "18.1", True),
        ("x.rpm", "x.rpm", "", True),
        ("@dev", "@dev", "", None),
        ("y >= 1.2", "y", "1.2", True),
    ]


def test_zypper() -> None:
    assert [(v, pin) for v, _, _, _, pin, _ in specs("zypper -n install curl=7.1 'vim>=9' wget python3-3.9")] == [
        ("curl=7.1", True),
        ("vim>=9", True),
        ("wget", False),
        ("python3-3.9", False),
    ]


# ----- pip -----


def test_pip() -> None:
    text = (
        "pip install --no-cache-dir -r req.txt -c constraints.txt -i https://pypi.org/simple "
        "--extra-index-url https://x --trusted-host x -e ./lib flask==2.0 'django>=4' requests "
        "git+https://github.com/a/b@v1.0#egg=b git+https://github.com/a/d.git@main git+https://github.com/a/c ./pkg x.whl "
        "'pkg[extra]==1.0; python_version<\"3.8\"' 'name @ https://h/x.zip' ."
    )
    p = only(text)
    assert [w.value for w in p.requirement_files] == ["req.txt", "constraints.txt"]
    assert [w.value for w in p.editables] == ["./lib"]
    assert [(v, n, k, pin, ex) for v, n, _, k, pin, ex in specs(text)] == [
        ("flask==2.0", "flask", "registry", True, True),
        ("django>=4", "django", "registry", True, False),
        ("requests", "requests", "registry", False, False),
        ("git+https://github.com/a/b@v1.0#egg=b", "git+https://github.com/a/b@v1.0#egg=b", "vcs", True, False),
        ("git+https://github.com/a/d.git@main", "git+https://github.com/a/d.git@main", "vcs", False, False),
        ("git+https://github.com/a/c", "git+https://github.com/a/c", "vcs", False, False),
        ("./pkg", "./pkg", "path", True, False),
        ("x.whl", "x.whl", "file", True, False),
        ('pkg[extra]==1.0; python_version<"3.8"', "pkg", "registry", True, True),
        ("name @ https://h/x.zip", "name", "url", True, False),
        (".", ".", "path", True, False),
    ]
    assert not p.from_manifest


def test_pip_requirements_only_is_from_manifest() -> None:
    p = only("pip install --no-cache-dir -r requirements.txt")
    assert p.from_manifest and p.packages == ()
    assert only("pip install --require-hashes -r r.txt").frozen


def test_pip_upgrade_flag() -> None:
    p = only("python3 -m pip install -U pip setuptools")
    assert p.upgrade and unpinned("python3 -m pip install -U pip setuptools") == ["pip", "setuptools"]


def test_uv_pip() -> None:
    assert unpinned("uv pip install --system ruff==0.1 black") == ["black"]
    assert only("uv pip sync requirements.txt").frozen


# ----- npm, yarn, pnpm -----


def test_npm_modes() -> None:
    bare = only("npm install")
    assert bare.from_manifest and not bare.frozen
    ci = only("npm ci --omit=dev")
    assert ci.from_manifest and ci.frozen
    assert ci.option_value("--omit") == "dev"
    assert not only("npm install --production").frozen


def test_npm_packages() -> None:
    text = "npm install -g typescript@5.3.3 @angular/cli@latest @scope/x lodash@^4 user/repo#v1 git+https://h/x.git#main ./local x.tgz a@npm:b@1.0.0 c@v2.0.0"
    p = only(text)
    assert p.global_install
    assert [(v, n, ver, k, pin, ex) for v, n, ver, k, pin, ex in specs(text)] == [
        ("typescript@5.3.3", "typescript", "5.3.3", "registry", True, True),
        ("@angular/cli@latest", "@angular/cli", "latest", "registry", False, False),
        ("@scope/x", "@scope/x", "", "registry", False, False),
        ("lodash@^4", "lodash", "^4", "registry", True, False),
        ("user/repo#v1", "user/repo#v1", "v1", "vcs", True, False),
        ("git+https://h/x.git#main", "git+https://h/x.git#main", "main", "vcs", False, False),
        ("./local", "./local", "", "path", True, False),
        ("x.tgz", "x.tgz", "", "file", True, False),
        ("a@npm:b@1.0.0", "a", "1.0.0", "registry", True, True),
        ("c@v2.0.0", "c", "v2.0.0", "registry", True, True),
    ]


def test_yarn_pnpm() -> None:
    assert only("yarn install --frozen-lockfile").frozen
    assert only("yarn install --immutable").frozen
    assert not only("yarn install").frozen
    g = only("yarn global add pm2@5.3.0 nodemon")
    assert g.global_install and unpinned("yarn global add pm2@5.3.0 nodemon") == ["nodemon"]
    assert only("pnpm install --frozen-lockfile").frozen
    assert unpinned("pnpm add -D vite@5 --filter web eslint") == ["eslint"]


# ----- gem, go, bundle, composer, cargo -----


def test_gem() -> None:
    assert unpinned("gem install bundler -v 2.4.0") == []
    assert unpinned("gem install rails:7.0 rake --no-document") == ["rake"]
    assert unpinned("gem install ./x.gem") == []


def test_go_install() -> None:
    text = "go install -ldflags '-s -w' golang.org/x/tools/gopls@v0.14.0 github.com/x/y@latest github.com/z/w ./cmd/z"
    assert [(v, pin, ex) for v, _, _, _, pin, ex in specs(text)] == [
        ("golang.org/x/tools/gopls@v0.14.0", True, True),
        ("github.com/x/y@latest", False, False),
        ("github.com/z/w", False, False),
        ("./cmd/z", True, False),
    ]
    assert unpinned("go install tool") == []


def test_bundle_composer_cargo() -> None:
    assert only("bundle install --deployment").frozen
    assert only("BUNDLE_FROZEN=true bundle install").frozen
    assert not only("bundle install").frozen
    assert only("composer install --no-dev").frozen
    assert unpinned("composer require monolog/monolog:^2.0 foo/bar") == ["foo/bar"]
    assert only("cargo install ripgrep --locked").frozen
    assert unpinned("cargo install cargo-audit@0.18.0 ripgrep") == ["ripgrep"]
    assert unpinned("cargo install --version 1.0 x") == []
    assert unpinned("cargo install --git https://g/x --tag v1 x") == []


def test_is_pinned_helpers() -> None:
    p = only("apt-get install a=1 b")
    a, b = (s.word for s in p.packages)
    assert (is_pinned(Manager.APT_GET, a), is_pinned(Manager.APT_GET, b)) == (True, False)
    assert is_pinned(Manager.PIP, b) is False


def test_facts_cached_on_script() -> None:
    s = parse_shell("npm ci")
    assert package_installs(s) is package_installs(s) or package_installs(s) == package_installs(s)
    assert "package_installs" in s.cache
