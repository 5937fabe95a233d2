FROM debian:12-slim
RUN service nginx start && ps aux
RUN mount /dev/sda1 /mnt
# expect: DKR058@2:5 DKR058@2:28 DKR058@3:5
