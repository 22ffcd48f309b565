// Which VMs run, and their images. From the SD card when there is one: the boot partition's
// vms.txt (vm/manifest.ts; without it the C original's five VMs), each image read from the
// FAT32 partition straight into pages that become the VM's RAM. Without a readable card
// (QEMU -kernel, `raspvisor run --kernel`): one VM per guest image linked into kernel8.img
// (but the smp-* guests, which need a vCPU count).
// A VM whose image is missing, unreadable or too big is stopped with its report; the others run.
// A restarted VM (vm/restart.ts) reads its image again the same way: the card's file was opened
// once at boot (opening allocates, and the runtime never frees), the embedded copy is copied.
import { sdInit } from "../drivers/emmc";
import { Fat32Volume, FatFile } from "../fs/fat32";
import { VmSpec, parseManifest, lastManifestError, defaultVms, imageFitError, MAX_VMS, DEFAULT_MEMORY, DEFAULT_SLICE_US } from "./manifest";
import { Vm } from "./vm";
import { allocContiguous, freePage, PAGE_SIZE } from "./page-alloc";
import { loadImage } from "./loader";
import { embeddedGuests, GuestImage } from "./guest-images";
import { note, stopVm } from "../exits/report";
import { consoleLineBegin, consoleVmLineBegin, consoleText, consoleDecimal, consoleLineEnd } from "../console/console";

const MANIFEST = "vms.txt";
const MANIFEST_MAX: u32 = 64 * 1024;

export class VmPlan {
  /** The image on the card, once opened. */
  file: FatFile | null = null;
  constructor(public spec: VmSpec, public embedded: GuestImage | null) {}
}

/** Each created VM's plan, in id order (ids 1, 2, ...). */
const created: VmPlan[] = [];

function readText(vol: Fat32Volume, path: string): string | null {
  const f = vol.open(path);
  if (f === null) return null;
  const pages = (<u64>f.size + PAGE_SIZE) / PAGE_SIZE;
  const buf = allocContiguous(pages);
  if (buf == 0) return null;
  const n = f.readAll(<usize>buf, MANIFEST_MAX);
  let text: string | null = null;
  if (n >= 0) text = String.UTF8.decodeUnsafe(<usize>buf, <usize>n); // (a copy on the heap)
  for (let i: u64 = 0; i < pages; i++) freePage(buf + i * PAGE_SIZE);
  return text;
}

function fromEmbedded(): VmPlan[] {
  const out: VmPlan[] = [];
  const images = embeddedGuests();
  for (let i = 0; i < images.length && out.length < MAX_VMS; i++) {
    const g = images[i];
    // Guests named smp-* want several vCPUs, which only a vms.txt line gives: cards only.
    if (g.name.startsWith("smp-")) continue;
    const s = new VmSpec();
    s.name = g.name;
    s.image = g.name;
    s.loadAddress = g.loadAddress;
    s.entry = g.loadAddress;
    s.memoryBytes = DEFAULT_MEMORY;
    s.sliceMicros = DEFAULT_SLICE_US;
    out.push(new VmPlan(s, g));
  }
  return out;
}

let volume: Fat32Volume | null = null;

/** The VMs to start (empty when the manifest has errors: its located message is printed). */
export function planVms(): VmPlan[] {
  const sd = sdInit();
  if (sd != 0) {
    // (The reason, sdErrorName(sd), differs between boards and emulators for "no card".)
    note("INFO: no SD card: running the guests linked into kernel8.img");
    return fromEmbedded();
  }
  volume = Fat32Volume.mount();
  if (volume === null) {
    note("INFO: no FAT32 boot partition (" + Fat32Volume.lastError + "): running the guests linked into kernel8.img");
    return fromEmbedded();
  }
  const text = readText(volume!, MANIFEST);
  let specs: VmSpec[] | null;
  if (text === null) {
    specs = defaultVms();
  } else {
    specs = parseManifest(text!, MANIFEST);
    if (specs === null) {
      note(lastManifestError());
      note("INFO: no VMs started (fix " + MANIFEST + ")");
      return [];
    }
  }
  const out: VmPlan[] = [];
  for (let i = 0; i < specs!.length; i++) out.push(new VmPlan(specs![i], null));
  return out;
}

/** Reads the VM's image from the card into fresh pages and maps them at its load address. */
function loadFromCard(vm: Vm, plan: VmPlan): string {
  const spec = plan.spec;
  if (plan.file === null) plan.file = volume!.open(spec.image);
  const f = plan.file;
  if (f === null) return Fat32Volume.lastError.length > 0 ? Fat32Volume.lastError : spec.image + ": not found";
  const fit = imageFitError(spec, <u64>f.size, MANIFEST);
  if (fit.length > 0) return fit;
  const offset = spec.loadAddress & (PAGE_SIZE - 1);
  const pages = (offset + <u64>f.size + PAGE_SIZE - 1) / PAGE_SIZE;
  if (pages > <u64>vm.quotaPages) return spec.image + ": larger than the VM's memory";
  const buf = allocContiguous(pages);
  if (buf == 0) return "out of host memory for " + spec.image;
  if (f.readAll(<usize>(buf + offset), f.size) < 0) return spec.image + ": " + Fat32Volume.lastError;
  const base = spec.loadAddress - offset;
  for (let i: u64 = 0; i < pages; i++) {
    if (!vm.adoptPage(base + i * PAGE_SIZE, buf + i * PAGE_SIZE)) return "out of memory while loading";
  }
  return "";
}

/** "INFO[n]: loading IMAGE..." (or "loaded"), written in pieces: nothing allocated. The lines of
 *  a restart the guest asked for (`limited`) count against the VM's console budget. */
function loadLine(vm: Vm, image: string, limited: bool): void {
  if (limited) {
    if (!consoleVmLineBegin(vm.vmId)) return;
  } else consoleLineBegin();
  consoleText("INFO[");
  consoleDecimal(vm.vmId);
  if (image.length == 0) consoleText("]: loaded");
  else {
    consoleText("]: loading ");
    consoleText(image);
    consoleText("...");
  }
  consoleLineEnd();
}

/** Loads the VM's image into its (empty) memory; on failure it is stopped with its report. */
function load(vm: Vm, plan: VmPlan, limited: bool): void {
  const s = plan.spec;
  loadLine(vm, s.image, limited);
  const g = plan.embedded;
  const err = g !== null ? loadImage(vm, g.address, g.size, s.loadAddress) : loadFromCard(vm, plan);
  if (err.length > 0) stopVm(vm, err, false);
  else loadLine(vm, "", limited);
}

/** Creates the VM, loads its image ("INFO[n]: loading..." / "loaded", or its report). */
export function createVm(id: u32, plan: VmPlan): Vm {
  const s = plan.spec;
  const vm = new Vm(id, s.name, s.memoryBytes, s.sliceMicros, s.entry, s.vcpus, s.cores);
  created.push(plan);
  load(vm, plan, false);
  return vm;
}

/** A restarted VM's image, read again into its emptied memory (vm/restart.ts). */
export function reloadVm(vm: Vm, limited: bool): void {
  const i = <i32>vm.vmId - 1;
  if (i < 0 || i >= created.length) return;
  load(vm, unchecked(created[i]), limited);
}
