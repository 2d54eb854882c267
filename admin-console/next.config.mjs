/**
 * A static export: the console is one client-side react-admin app that the API process serves (DAWA_CONSOLE_DIR), so
 * `npm start` stays one command and the console talks to the API on its own origin.
 * @type {import('next').NextConfig}
 */
const nextConfig = {
  output: 'export',
  images: { unoptimized: true },
  // The shell is served at /<tenant>/ and /_operator/; its bundles must load from the root whatever the path.
  assetPrefix: '/',
  poweredByHeader: false,
  reactStrictMode: true,
};

export default nextConfig;
