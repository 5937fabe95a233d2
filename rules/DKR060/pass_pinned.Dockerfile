FROM python:3.12-slim
RUN pip install --no-cache-dir -r requirements.txt && pip install --no-cache-dir -e . ./libs/x
RUN pip install --no-cache-dir --upgrade pip setuptools wheel
RUN pip install --no-cache-dir "flask>=3.0,<4" "pkg @ https://e.com/pkg.whl" git+https://github.com/o/r.git@v1.2.0 $EXTRA
RUN pip install --no-cache-dir --index-url https://pypi.internal/simple flask==3.0.3 /tmp/wheels/*.whl
RUN npm ci && npm install && npm install -g npm@10.8.1 ./local-pkg
RUN gem install bundler -v 2.5.0 && gem install rake:13.2.1
RUN go install golang.org/x/tools/cmd/goimports@v0.24.0 && go install ./...
