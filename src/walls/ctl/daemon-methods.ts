/**
 * The daemon methods of walls (node API: walls/feature/api.ts), named `wall.<command>` like the
 * `burrow ctl wall <command>` that calls them, and `feed`.
 */
import { method, type AnyMethod } from '../../daemon/method.js';
import { optionalIntegerParam, optionalStringParam, stringParam } from '../../daemon/params.js';

/** The `wall.*` and `feed` methods, spread into METHODS (methods.ts). */
export const WALL_METHODS: Readonly<Record<string, AnyMethod>> = {
  'wall.get': method(
    (params) => ({ onion: optionalStringParam(params, 'onion') }),
    (api, params) => api.walls.get(params.onion),
  ),
  'wall.post': method(
    (params) => ({ text: stringParam(params, 'text') }),
    (api, params) => api.walls.post(params.text),
  ),
  'wall.comment': method(
    (params) => ({ post: stringParam(params, 'post'), text: stringParam(params, 'text') }),
    (api, params) => api.walls.comment(params.post, params.text),
  ),
  'wall.react': method(
    (params) => ({ post: stringParam(params, 'post'), emoji: stringParam(params, 'emoji') }),
    (api, params) => api.walls.react(params.post, params.emoji),
  ),
  'wall.edit': method(
    (params) => ({ item: stringParam(params, 'item'), text: stringParam(params, 'text') }),
    (api, params) => api.walls.edit(params.item, params.text),
  ),
  'wall.delete': method(
    (params) => ({ item: stringParam(params, 'item') }),
    (api, params) => api.walls.delete(params.item),
  ),
  'wall.first-sync': method(
    (params) => ({ posts: optionalIntegerParam(params, 'posts') }),
    (api, params) => api.walls.firstSync(params.posts),
  ),
  feed: method(
    (params) => ({ limit: optionalIntegerParam(params, 'limit') }),
    (api, params) => api.walls.feed(params.limit === undefined ? {} : { limit: params.limit }),
  ),
};
