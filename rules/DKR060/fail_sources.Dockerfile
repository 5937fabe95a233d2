FROM python:3.12-slim
RUN pip install --no-cache-dir git+https://github.com/o/r.git#egg=r git+https://github.com/o/s.git@v2.1#egg=s
RUN pipx install black && pipx install "poetry==1.8.5"
RUN npm install git+ssh://git@github.com:o/r.git git://github.com/o/s.git#v1.0.27 ./pkg-1.2.3.tar
RUN gem i bundler rake:13.2.1
RUN go get example.com/tool@latest && go run example.com/gen -out x.go && go run ./cmd/gen
# expect: DKR060@2:32 DKR060@3:18 DKR060@4:17 DKR060@5:11 DKR060@6:12 DKR060@6:46
