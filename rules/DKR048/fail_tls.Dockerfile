FROM debian:12-slim
ENV PIP_TRUSTED_HOST=pypi.internal NODE_TLS_REJECT_UNAUTHORIZED=0
ENV PYTHONHTTPSVERIFY=0
RUN curl -k -fsSLO https://example.com/a.tgz \
    && wget --no-check-certificate https://example.com/b.tgz
RUN pip3 install --trusted-host pypi.internal flask==3.0.3
RUN git -c http.sslVerify=false clone https://example.com/r.git
RUN npm config set strict-ssl false
RUN GIT_SSL_NO_VERIFY=1 git clone https://example.com/r.git
RUN yum install -y --setopt=sslverify=0 curl
# expect: DKR048@2:5 DKR048@2:36 DKR048@3:5 DKR048@4:5 DKR048@5:8 DKR048@6:5 DKR048@7:5 DKR048@8:5 DKR048@9:5 DKR048@10:5
