FROM fedora:40
# upgrades and reinstalls take no version
RUN dnf -y upgrade && dnf -y up-min && dnf -y rei httpd && dnf module install -y nodejs:20 && dnf clean all
RUN dnf in -y httpd-2.4.57 && dnf clean all
