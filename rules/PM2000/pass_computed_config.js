// code the linter does not run is unknown, not an error
const apps = require("./apps.json").map((a) => ({ ...a, exec_mode: "cluster" }));
module.exports = { apps };
