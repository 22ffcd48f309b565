// Small device trees for the boot tests, written with tools/emu/machine/fdt.ts, and a dump of
// a blob (path/property hex, in order) for comparing ours with QEMU's (-machine dumpdtb).
import { cellsValue, parseFdt, stringValue, writeFdt, type FdtNode } from '../../tools/emu/machine/fdt.ts';

const node = (name: string, props: [string, Uint8Array][], children: FdtNode[] = []): FdtNode =>
  ({ name, props: props.map(([n, value]) => ({ name: n, value })), children });

/** Shaped like bcm2837-rpi-3-b.dtb's top: 1-cell addresses, /chosen, memory@0 of 1 GiB. */
export function sampleDtb(variant: 'pi3' | 'bare' | 'cells2' = 'pi3'): Uint8Array {
  const ac = variant === 'cells2' ? 2 : 1;
  const kids: FdtNode[] = [];
  if (variant !== 'bare') {
    kids.push(node('chosen', [['stdout-path', stringValue('serial1:115200n8')]]));
    kids.push(node('memory@0', [['device_type', stringValue('memory')], ['reg', cellsValue([ac, 0], [1, 0x40000000])]]));
  }
  kids.push(node('soc', [['compatible', stringValue('simple-bus')]], [node('serial@7e215040', [['status', stringValue('okay')]])]));
  return writeFdt({
    reserve: [[0n, 0x1000n]],
    bootCpu: 0,
    root: node('', [['#address-cells', cellsValue([1, ac])], ['#size-cells', cellsValue([1, 1])], ['compatible', stringValue('raspberrypi,3-model-b\0brcm,bcm2837')]], kids),
  });
}

export function dumpDtb(blob: Uint8Array): string {
  const t = parseFdt(blob, 'dtb');
  const out: string[] = t.reserve.map(([a, s]) => `reserve ${a.toString(16)} ${s.toString(16)}`);
  const walk = (n: FdtNode, p: string): void => {
    for (const pr of n.props) out.push(`${p || '/'} ${pr.name} = ${Buffer.from(pr.value).toString('hex')}`);
    for (const c of n.children) walk(c, `${p}/${c.name}`);
  };
  walk(t.root, '');
  return out.join('\n');
}
