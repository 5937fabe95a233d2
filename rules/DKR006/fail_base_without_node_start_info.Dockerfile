# a Ruby app image that builds its JavaScript assets when the container is first set up:
# nothing here starts Node, so the dev tooling may be needed at run time
FROM ruby:3.3-slim
ENV RAILS_ENV=production
RUN apt-get update && apt-get install -y --no-install-recommends nodejs npm && rm -rf /var/lib/apt/lists/*
WORKDIR /srv/app
COPY package.json package-lock.json ./
# expect: DKR006:5
RUN npm ci
CMD ["bin/rails", "server"]
