FROM python:3.12-slim
RUN uv pip install --system --no-cache ruff==0.6.9 black
RUN pnpm add -g typescript@5.6.3 @nestjs/cli
# expect: DKR060@2:52 DKR060@3:34
