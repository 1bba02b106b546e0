import '@testing-library/jest-dom';
import { configure } from '@testing-library/react';

// A Backstage test app takes seconds to render on a busy CI machine; the
// defaults (1 s for findBy, 5 s per test) fail there for no reason.
configure({ asyncUtilTimeout: 10_000 });
jest.setTimeout(30_000);
