import { classifyHost } from './host.js';

const local = { appUrl: 'http://localhost:3000', appHost: 'localhost:3000', appDomain: 'localhost' };
const prod = {
  appUrl: 'https://comptoir.example',
  appHost: 'comptoir.example',
  appDomain: 'comptoir.example',
};

describe('classifyHost', () => {
  it.each([
    [local, 'localhost:3000', { kind: 'platform' }],
    [local, 'LOCALHOST:3000', { kind: 'platform' }],
    [local, 'localhost', { kind: 'unknown' }],
    [local, 'localhost:4000', { kind: 'unknown' }],
    [local, 'myshop.localhost:3000', { kind: 'shop', slug: 'myshop' }],
    [local, 'my-shop.localhost:3000', { kind: 'shop', slug: 'my-shop' }],
    [local, 'myshop.localhost:4000', { kind: 'unknown' }],
    [local, 'a.b.localhost:3000', { kind: 'unknown' }],
    [local, 'www.localhost:3000', { kind: 'unknown' }],
    [local, '-bad.localhost:3000', { kind: 'unknown' }],
    [local, 'evil.example', { kind: 'unknown' }],
    [local, 'evil.example:3000', { kind: 'unknown' }],
    [local, 'localhost.evil.example:3000', { kind: 'unknown' }],
    [local, 'myshoplocalhost:3000', { kind: 'unknown' }],
    [local, '127.0.0.1:3000', { kind: 'unknown' }],
    [local, 'localhost:3000@evil', { kind: 'unknown' }],
    [local, undefined, { kind: 'unknown' }],
    [prod, 'comptoir.example', { kind: 'platform' }],
    [prod, 'comptoir.example:443', { kind: 'platform' }],
    [prod, 'bakery.comptoir.example', { kind: 'shop', slug: 'bakery' }],
    [prod, 'bakery.comptoir.example:8443', { kind: 'unknown' }],
  ])('%o %j → %o', (config, host, expected) => {
    expect(classifyHost(host, config)).toEqual(expected);
  });
});
