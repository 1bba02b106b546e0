import type { IncomingMessage } from 'node:http';
import { readGitToken } from './readGitToken';

const withAuthorization = (authorization?: string) =>
  ({ headers: { authorization } } as IncomingMessage);
const basic = (credentials: string) =>
  `Basic ${Buffer.from(credentials).toString('base64')}`;

describe('readGitToken', () => {
  it.each([
    [basic('x-access-token:tok1'), 'tok1'],
    [basic('anyone:tok2'), 'tok2'],
    [basic('tok3:'), 'tok3'],
    [basic('tok4'), 'tok4'],
    ['token tok5', 'tok5'],
    ['Bearer tok6', 'tok6'],
    ['bearer   tok7', 'tok7'],
    [undefined, undefined],
    ['Basic', undefined],
    [basic(':'), undefined],
    ['Digest abc', undefined],
  ])('reads %s', (header, token) => {
    expect(readGitToken(withAuthorization(header))).toBe(token);
  });
});
