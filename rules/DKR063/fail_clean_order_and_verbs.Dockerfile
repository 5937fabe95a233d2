FROM fedora:40
# a clean before the install does not count: the install fills the cache again
# expect: DKR063:26
RUN dnf clean all && dnf in -y httpd-2.4.57
# expect: DKR063:12
RUN dnf -y upgrade
# expect: DKR063:36
RUN microdnf clean all && microdnf reinstall -y tar
