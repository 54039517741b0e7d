/**
 * Turning keyed nodes into launch plans by giving them ports (pure). Ports are chosen at
 * launch time, after key generation: the kernel's free ports are also its ephemeral source
 * ports, and on a busy machine one can be taken within seconds.
 */
import type { NodeRole } from './layout.js';
import type { NodePlan } from './state.js';

/** A tor whose keys exist, before it has ports. */
export type KeyedNode =
  | { readonly name: string; readonly role: 'authority'; readonly fingerprint: string; readonly v3ident: string }
  | { readonly name: string; readonly role: 'relay'; readonly fingerprint: string };

/** Ports one tor needs: ORPort and ControlPort, plus a DirPort for an authority. */
export function portsNeeded(role: NodeRole): number {
  return role === 'authority' ? 3 : 2;
}

/** Gives each node its ports from `ports`, in order (ORPort, ControlPort, then an authority's DirPort). */
export function assignPorts(nodes: readonly KeyedNode[], ports: readonly number[]): NodePlan[] {
  const total = nodes.reduce((sum, node) => sum + portsNeeded(node.role), 0);
  if (ports.length !== total || new Set(ports).size !== total)
    throw new RangeError(`need ${total} distinct ports, got ${ports.length}`);
  let next = 0;
  const take = (): number => ports[next++] as number;
  return nodes.map((node) => {
    const orPort = take();
    const controlPort = take();
    return node.role === 'authority'
      ? { ...node, orPort, controlPort, dirPort: take() }
      : { ...node, orPort, controlPort };
  });
}
