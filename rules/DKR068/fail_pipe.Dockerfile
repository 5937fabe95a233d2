FROM debian:12-slim
RUN curl -fsSL https://deb.nodesource.com/setup_20.x | bash -
RUN wget -qO- https://get.example.com | sudo sh
RUN sh -c "$(curl -fsSL https://example.com/install.sh)"
# expect: DKR068@2:56 DKR068@3:46 DKR068@4:5
