'use client';
import dynamic from 'next/dynamic';

// react-admin is a client-only SPA (its router, storage and auth live in the browser), as its Next.js guide
// recommends: load it without server rendering.
const ConsoleApp = dynamic(() => import('@/ConsoleApp'), { ssr: false });

export default function Page() {
  return <ConsoleApp />;
}
