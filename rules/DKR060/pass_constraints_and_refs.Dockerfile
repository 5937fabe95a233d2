FROM python:3.12-slim
# the constraints file carries the versions
RUN pip install --no-cache-dir -c constraints.txt flask && pip install --no-cache-dir --constraint=/c.txt gunicorn
RUN pip install --no-cache-dir git+ssh://git@github.com/o/r.git@0.6-alpha#egg=r
RUN npm install git+https://github.com/o/r.git#semver:^5.0 package-1.2.3.tgz
RUN go get -tool golang.org/x/tools/cmd/stringer@v0.24.0 && go run example.com/gen@v1.2.3 -out gen.go
RUN go run main.go
