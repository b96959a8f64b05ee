/** @type {import('tailwindcss').Config} */
module.exports = {
  content: ['./imports/ui/**/*.{js,jsx}', './client/*.html'],
  theme: {
    extend: {
      colors: { brand: '#de4f4f' },
    },
  },
  plugins: [],
};
