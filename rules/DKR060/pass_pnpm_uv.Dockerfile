FROM python:3.12-slim
RUN uv pip install --system --no-cache -r requirements.txt "flask>=3.0,<4" ./libs/x
RUN pnpm install --frozen-lockfile && pnpm add -g typescript@5.6.3 ./local-pkg
