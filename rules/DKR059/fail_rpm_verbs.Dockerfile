FROM fedora:40
# `in` is dnf's alias of install; a module stream is pinned as name:stream
RUN dnf in -y httpd && dnf module install -y nodejs && dnf clean all
# expect: DKR059@3:15
