// Each app takes its port on the command line: a string, a list, and the -p short form.
module.exports = {
  apps: [
    { name: "web", script: "./web.js", args: "--port 3000" },
    { name: "admin", script: "./admin.js", args: ["--port=3100"] },
    { name: "hooks", script: "./hooks.js", args: ["-p", "3200"] },
  ],
};
