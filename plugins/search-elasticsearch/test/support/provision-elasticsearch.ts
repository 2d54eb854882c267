import { provisionElasticsearch } from './elasticsearch-distribution.js';

// `.ci/run` calls this ahead of `npm test`, so the download is not part of a test's time.
console.log(`Elasticsearch is in ${provisionElasticsearch()}`);
