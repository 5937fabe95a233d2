ARG NODE=node:20
# expect: DKR012:6
FROM ${NODE} AS base
FROM base
