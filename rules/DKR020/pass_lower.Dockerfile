FROM nginx:1.27
EXPOSE 80 8080/tcp 53/udp
