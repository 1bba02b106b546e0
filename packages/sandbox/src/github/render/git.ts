import type { GitCommit, GitContent, GitTreeEntry } from '../../git/types';
import type { GitHubStore } from '../state/GitHubStore';
import type { StoredRepository } from '../state/model';
import { encodePath, type Urls } from '../urls';
import { simpleUser, userAccount } from './accounts';

function repoUrls(urls: Urls, repo: StoredRepository) {
  const fullName = `${repo.owner}/${repo.name}`;
  return {
    api: `${urls.api}/repos/${fullName}`,
    web: `${urls.web}/${fullName}`,
  };
}

const UNSIGNED = {
  verified: false,
  reason: 'unsigned',
  signature: null,
  payload: null,
  verified_at: null,
};

function commitNodeId(repo: StoredRepository, sha: string) {
  return Buffer.from(`04:Commit${repo.id}:${sha}`).toString('base64');
}

/** GitHub's `git-commit`, as `/git/commits/:sha` and contents writes answer it. */
export function gitCommitJson(
  urls: Urls,
  repo: StoredRepository,
  commit: GitCommit,
) {
  const { api, web } = repoUrls(urls, repo);
  return {
    sha: commit.sha,
    node_id: commitNodeId(repo, commit.sha),
    url: `${api}/git/commits/${commit.sha}`,
    html_url: `${web}/commit/${commit.sha}`,
    author: commit.author,
    committer: commit.committer,
    tree: { sha: commit.tree, url: `${api}/git/trees/${commit.tree}` },
    message: commit.message,
    parents: commit.parents.map(sha => ({
      sha,
      url: `${api}/git/commits/${sha}`,
      html_url: `${web}/commit/${sha}`,
    })),
    verification: UNSIGNED,
  };
}

/** GitHub's `commit`, as `/commits` lists it; authors link to users by email. */
export function commitJson(
  urls: Urls,
  store: GitHubStore,
  repo: StoredRepository,
  commit: GitCommit,
) {
  const { api, web } = repoUrls(urls, repo);
  const userFor = (email: string) => {
    const user = store.userByEmail(email);
    return user ? simpleUser(urls, userAccount(user)) : null;
  };
  return {
    sha: commit.sha,
    node_id: commitNodeId(repo, commit.sha),
    commit: {
      author: commit.author,
      committer: commit.committer,
      message: commit.message,
      tree: { sha: commit.tree, url: `${api}/git/trees/${commit.tree}` },
      url: `${api}/git/commits/${commit.sha}`,
      comment_count: 0,
      verification: UNSIGNED,
    },
    url: `${api}/commits/${commit.sha}`,
    html_url: `${web}/commit/${commit.sha}`,
    comments_url: `${api}/commits/${commit.sha}/comments`,
    author: userFor(commit.author.email),
    committer: userFor(commit.committer.email),
    parents: commit.parents.map(sha => ({
      sha,
      url: `${api}/commits/${sha}`,
      html_url: `${web}/commit/${sha}`,
    })),
  };
}

/** GitHub's `git-ref`. */
export function refJson(
  urls: Urls,
  repo: StoredRepository,
  ref: { ref: string; sha: string },
) {
  const { api } = repoUrls(urls, repo);
  return {
    ref: ref.ref,
    node_id: Buffer.from(`04:Ref${repo.id}:${ref.ref}`).toString('base64'),
    url: `${api}/git/${encodePath(ref.ref)}`,
    object: {
      sha: ref.sha,
      type: 'commit',
      url: `${api}/git/commits/${ref.sha}`,
    },
  };
}

/** Base64 wrapped at 60 characters a line, as GitHub sends file content. */
function wrappedBase64(content: Buffer): string {
  const base64 = content.toString('base64');
  const lines = base64.match(/.{1,60}/g) ?? [];
  return lines.map(line => `${line}\n`).join('');
}

type EntryType = GitTreeEntry['type'];

/** The fields every contents entry has: name, path, sha, the URLs and `_links`. */
export function contentEntry(
  urls: Urls,
  repo: StoredRepository,
  ref: string,
  entry: { type: EntryType; path: string; sha: string; size: number },
) {
  const { api, web } = repoUrls(urls, repo);
  const path = encodePath(entry.path);
  const self = `${api}/contents/${path}?ref=${encodeURIComponent(ref)}`;
  const git =
    entry.type === 'dir'
      ? `${api}/git/trees/${entry.sha}`
      : `${api}/git/blobs/${entry.sha}`;
  const html = `${web}/${entry.type === 'dir' ? 'tree' : 'blob'}/${encodePath(
    ref,
  )}/${path}`;
  return {
    name: entry.path.split('/').pop() ?? entry.path,
    path: entry.path,
    sha: entry.sha,
    size: entry.size,
    url: self,
    html_url: html,
    git_url: git,
    download_url:
      entry.type === 'file' ? `${web}/raw/${encodePath(ref)}/${path}` : null,
    type: entry.type,
    _links: { self, git, html },
  };
}

/** GitHub's `content-file`, or the array a directory answers. */
export function contentJson(
  urls: Urls,
  repo: StoredRepository,
  ref: string,
  content: GitContent,
) {
  if (content.type === 'dir') {
    return content.entries.map(entry => contentEntry(urls, repo, ref, entry));
  }
  return {
    ...contentEntry(urls, repo, ref, { ...content, type: 'file' }),
    content: wrappedBase64(content.content),
    encoding: 'base64',
  };
}
