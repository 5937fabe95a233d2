FROM ubuntu:24.04
RUN echo 'root:changeme' | chpasswd
RUN useradd -m -p "$(openssl passwd -1 secret)" app
# expect: DKR070@2:28 DKR070@3:5
