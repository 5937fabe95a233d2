# no fix: the lockfile is not shown where the install runs
FROM node:20-slim
WORKDIR /app
COPY package.json ./
# expect: DKR004:5
RUN npm install
COPY package-lock.json /other/
# expect: DKR004:5
RUN npm install
COPY package-lock.json ./
# expect: DKR004:15
RUN cd web && npm install
WORKDIR /app/web
# expect: DKR004:5
RUN npm install
