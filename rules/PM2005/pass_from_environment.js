module.exports = {
  apps: [{
    name: "api",
    script: "server.js",
    env_production: {
      NODE_ENV: "production",
      DB_PASSWORD: process.env.DB_PASSWORD,
      API_TOKEN: process.env["API_TOKEN"] || "",
      PASSWORD_FILE: "/run/secrets/db",
    },
  }],
};
