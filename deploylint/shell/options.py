"""Which options of common commands take a value (so ``-o X install`` finds ``install``).

Only options that take a separate value matter here; flags need no entry. Tables are per command
basename and cover the tools deployment scripts use; unknown commands fall back to "no option
takes a value", which is right for flags and wrong only for unknown value options.
"""

from __future__ import annotations

_APT = "-o --option -c --config-file -t --target-release --default-release -a --host-architecture -P --build-profiles"
_YUM = (
    "-c --config --installroot --releasever --enablerepo --disablerepo -x --exclude --setopt -d --debuglevel "
    "-e --errorlevel --repo --repoid --downloaddir --destdir --forcearch --rpmverbosity --color --nobest? "
    "--setopt --comment --advisory --bz --cve --sec-severity --secseverity --exclude-from? --skip-broken? "
    "--repofrompath --disableplugin --enableplugin --downloadonly? --noplugins?"
)
_PIP = (
    "-r --requirement -c --constraint -e --editable -i --index-url --extra-index-url -f --find-links "
    "-t --target --prefix --root --src --upgrade-strategy --platform --python-version --implementation "
    "--abi --trusted-host --cert --client-cert --proxy --retries --timeout --log --cache-dir --progress-bar "
    "--only-binary --no-binary -C --config-settings --global-option --install-option --python --exists-action "
    "--report --root-user-action --keyring-provider --group --use-feature --use-deprecated --resume-retries"
)
_UV = (
    "-r --requirement -c --constraint -e --editable -i --index-url --extra-index-url -f --find-links "
    "--index --default-index -p --python --target --prefix --python-version --python-platform "
    "--cache-dir --config-file --directory --project --override --build-constraint --index-strategy "
    "--keyring-provider --resolution --prerelease --exclude-newer --link-mode --extra --group "
    "-C --config-setting --color --allow-insecure-host --refresh-package --reinstall-package "
    "--no-binary-package --no-build-package --upgrade-package -P --with --from"
)
_NPM = (
    "--registry --prefix -w --workspace --tag --omit --include --cache --userconfig --globalconfig "
    "--loglevel --install-strategy --before --scope --otp -C --install-links? --script-shell --location"
)

_MVN = (
    "-pl --projects -P --activate-profiles -f --file -s --settings -gs --global-settings -t --toolchains "
    "-T --threads -rf --resume-from -l --log-file"
)
_GRADLE = "-p --project-dir -x --exclude-task -b --build-file -c --settings-file -g --gradle-user-home -I --init-script"
VALUE_OPTIONS_TEXT: dict[str, str] = {
    "ssh": "-B -b -c -D -E -e -F -I -i -J -L -l -m -O -o -P -p -Q -R -S -W -w",
    "apt-get": _APT,
    "apt": _APT,
    "aptitude": _APT,
    "apk": (
        "-X --repository -p --root --arch --cache-dir --repositories-file -t --virtual --cache-max-age "
        "--keys-dir --timeout"
    ),
    "yum": _YUM,
    "dnf": _YUM,
    "dnf5": _YUM,
    "tdnf": _YUM,
    "microdnf": "--enablerepo --disablerepo --setopt --config --installroot --releasever --platform-id",
    "zypper": (
        "-c --config -R --root -D --reposd-dir -C --cache-dir --raw-cache-dir --solv-cache-dir "
        "--pkg-cache-dir -t --type -r --repo --from -x? --download"
    ),
    "pip": _PIP,
    "pip3": _PIP,
    "pip2": _PIP,
    "uv": _UV,
    "npm": _NPM,
    "yarn": "--cwd --registry --cache-folder --modules-folder --network-timeout --mutex --network-concurrency "
    "--mode --global-folder --link-folder --use-yarnrc --scope",
    "pnpm": "--filter -F --dir -C --registry --store-dir --reporter --loglevel --config-dir --workspace-root? "
    "--virtual-store-dir --node-linker",
    "gem": "-v --version -i --install-dir -n --bindir --source -s -p --http-proxy --platform --build-root "
    "-P --trust-policy -g --file --document? --config-file",
    "go": "-C -p -ldflags -gcflags -tags -mod -modfile -o -asmflags -buildmode -compiler -pkgdir "
    "-toolexec -overlay -pgo -covermode -coverpkg -exec -installsuffix",
    "bundle": "--path --without --with --gemfile --jobs -j --retry --binstubs --shebang --target-rbconfig "
    "--trust-policy --version -v --group -g --source -s --git --branch --ref --github --path",
    "composer": "--working-dir -d --ignore-platform-req --prefer-install --stability --repository",
    "cargo": "--version --vers --git --branch --tag --rev --path --root --index --registry --features -F "
    "--target --target-dir -j --jobs --profile --bin --example --config -Z --color --manifest-path",
    "git": "-C -c --git-dir --work-tree --namespace --depth -b --branch --origin -o --reference --config "
    "--separate-git-dir --filter --shallow-since --shallow-exclude -j --jobs --template",
    "curl": "-o --output -H --header -d --data --data-raw --data-binary --data-urlencode -X --request "
    "-u --user -A --user-agent -e --referer -b --cookie -c --cookie-jar -F --form -T --upload-file "
    "--connect-timeout -m --max-time --retry --retry-delay --retry-max-time -x --proxy -w --write-out "
    "--cacert --cert --key -E --output-dir --resolve --limit-rate -r --range --url -K --config "
    "--proto --proto-redir --tlsv1.2? --max-redirs --ciphers --interface --dns-servers",
    "wget": "-O --output-document -o --output-file -a --append-output -P --directory-prefix -U --user-agent "
    "--header -t --tries -T --timeout --user --password --post-data --post-file -e --execute "
    "--ca-certificate --certificate --private-key --progress -i --input-file -Q --quota --limit-rate "
    "-w --wait --waitretry -B --base --bind-address --dns-timeout --connect-timeout --read-timeout",
    "useradd": "-u --uid -g --gid -G --groups -d --home-dir -s --shell -c --comment -k --skel -K --key "
    "-p --password -e --expiredate -f --inactive -b --base-dir -R --root -Z --selinux-user -P --prefix",
    "adduser": "-u --uid -g --gid -G --ingroup -h --home -s --shell -g --gecos -k --skel --firstuid --lastuid "
    "--conf --comment",
    "groupadd": "-g --gid -K --key -p --password -R --root -P --prefix",
    "addgroup": "-g --gid",
    "usermod": "-u --uid -g --gid -G --groups -d --home -s --shell -c --comment -l --login -e --expiredate",
    "chown": "--from --reference",
    "chmod": "--reference",
    "tar": "-f --file -C --directory -T --files-from -X --exclude-from --exclude --transform --owner "
    "--group --mode --strip-components? -I --use-compress-program -b --blocking-factor -g --listed-incremental",
    "unzip": "-d -x",
    "ln": "-t --target-directory -S --suffix",
    "cp": "-t --target-directory -S --suffix",
    "mv": "-t --target-directory -S --suffix",
    "install": "-m --mode -o --owner -g --group -t --target-directory -S --suffix",
    "mkdir": "-m --mode",
    "docker": "-H --host --config -c --context -l --log-level",
    "sh": "-o +o",
    "bash": "-o +o --rcfile --init-file",
    "dash": "-o +o",
    "ash": "-o +o",
    "zsh": "-o +o",
    "ksh": "-o +o",
    "set": "-o +o",
    "python": "-m -c -W -X",
    "python3": "-m -c -W -X",
    "node": "-e --eval -p --print -r --require --input-type --loader --import",
    "helm": "-n --namespace -f --values --set --set-string --version --repo --kube-context --kubeconfig",
    "kubectl": "-n --namespace -f --filename -o --output -l --selector --context --kubeconfig -c --container",
    "aws": "--region --profile --output --endpoint-url --query --color --ca-bundle --cli-read-timeout "
    "--cli-connect-timeout",
    "gcloud": "--project --account --configuration --format --verbosity --impersonate-service-account",
    "az": "--subscription -o --output --query",
    "flyctl": "-a --app -c --config -t --access-token",
    "mvn": _MVN,
    "mvnw": _MVN,
    "gradle": _GRADLE,
    "gradlew": _GRADLE,
    "make": "-C --directory -f --file --makefile -I --include-dir -o --old-file -W --what-if",
    "dotnet": "-c --configuration -f --framework -r --runtime -v --verbosity -p --project -o --output -s --source",
    "fly": "-a --app -c --config -t --access-token",
}


def _fs(text: str) -> frozenset[str]:
    return frozenset(text.split())


#: Options of wrapper commands that take a value (the word after them is not the wrapped command).
WRAPPER_OPTIONS: dict[str, frozenset[str]] = {
    "sudo": _fs(
        "-u --user -g --group -C --close-from -h --host -p --prompt -r --role -t --type -U "
        "--other-user -T --command-timeout -D --chdir -R --chroot"
    ),
    "doas": _fs("-u -C"),
    "env": _fs("-u --unset -C --chdir -S --split-string"),
    "nice": _fs("-n --adjustment"),
    "ionice": _fs("-c --class -n --classdata -p --pid -P --pgid -u --uid"),
    "time": _fs("-f --format -o --output"),
    "command": frozenset(),
    "builtin": frozenset(),
    "exec": _fs("-a"),
    "nohup": frozenset(),
    "xargs": _fs(
        "-a --arg-file -d --delimiter -E -e --eof -I -i --replace -L -l --max-lines -n "
        "--max-args -P --max-procs -s --max-chars --process-slot-var"
    ),
    "timeout": _fs("-s --signal -k --kill-after"),
    "stdbuf": _fs("-i --input -o --output -e --error"),
    "gosu": frozenset(),
    "su-exec": frozenset(),
    "tini": _fs("-s -p -e -l"),
    "dumb-init": _fs("-r --rewrite"),
    "chroot": _fs("--userspec --groups"),
    "unbuffer": frozenset(),
    "retry": _fs("-t --times -d --delay -m --max"),
}

_CACHE: dict[str, frozenset[str]] = {}


def value_options_for(command: str) -> frozenset[str]:
    """Options of ``command`` (basename) that take a value."""
    hit = _CACHE.get(command)
    if hit is None:
        text = VALUE_OPTIONS_TEXT.get(command, "")
        hit = frozenset(t for t in text.split() if not t.endswith("?"))
        _CACHE[command] = hit
    return hit
