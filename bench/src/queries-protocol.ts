/** Messages between the queries benchmark (parent) and the process serving the reference server (child). */

export type QueryChildMessage = { type: 'ready'; url: string; token: string } | { type: 'failed'; message: string };

export type QueryParentMessage = { type: 'stop' };
