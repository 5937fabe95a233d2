FROM python:3.12-slim
RUN pip install --no-cache-dir flask requests==2.32.3 "uvicorn[standard]"
RUN python -m pip install --no-cache-dir gunicorn
RUN npm install -g typescript @angular/cli@17.3.0 @nestjs/cli
RUN gem install bundler && go install golang.org/x/tools/cmd/goimports@latest
# expect: DKR060@2:32 DKR060@2:55 DKR060@3:42 DKR060@4:20 DKR060@4:51 DKR060@5:17 DKR060@5:39
