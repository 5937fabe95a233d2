"""Built-in rules for Dependabot configuration files (``.github/dependabot.yml``): GHA ids, as the
file belongs to GitHub's family; the registry finds them."""
