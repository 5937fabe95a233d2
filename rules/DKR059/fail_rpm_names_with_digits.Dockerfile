# java-11-openjdk and python3.11-devel are package names: the digits are part of the name, so
# dnf takes whatever version the repository has (pinned: java-11-openjdk-11.0.25.0.9)
FROM rockylinux:9
RUN dnf install -y java-11-openjdk python3.11-devel && dnf clean all
# expect: DKR059@4:20
