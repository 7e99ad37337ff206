module.exports = require('@tributary/eslint-config')(__dirname);
